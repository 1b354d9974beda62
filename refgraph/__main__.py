"""`python -m refgraph`: the same as the `refgraph` command."""

from refgraph.cli import run

if __name__ == "__main__":
    run()
