"""The series model: posts with Previously/Next, the index with reading paths, the plan,
and the statistics the index and the plan state."""

from posts.backlog import Plan, PlannedDoc, PlannedPost, parse_plan
from posts.blog_index import BlogIndex, IndexEntry, PathStep, ReadingPath, parse_index
from posts.post import Direction, NavForm, NavLink, Post, parse_post
from posts.stats import Measure, Progress, Remaining, Stat, StatedStats, Target, parse_stats

__all__ = [
    "BlogIndex", "Direction", "IndexEntry", "Measure", "NavForm", "NavLink", "PathStep",
    "Plan", "PlannedDoc", "PlannedPost", "Post", "Progress", "ReadingPath", "Remaining",
    "Stat", "StatedStats", "Target", "parse_index", "parse_plan", "parse_post", "parse_stats",
]
