"""The series model: posts with Previously/Next, the index with reading paths, the plan."""

from posts.backlog import Plan, PlannedDoc, PlannedPost, parse_plan
from posts.blog_index import BlogIndex, IndexEntry, PathStep, ReadingPath, parse_index
from posts.post import Direction, NavForm, NavLink, Post, parse_post

__all__ = [
    "BlogIndex", "Direction", "IndexEntry", "NavForm", "NavLink", "PathStep", "Plan",
    "PlannedDoc", "PlannedPost", "Post", "ReadingPath", "parse_index", "parse_plan",
    "parse_post",
]
