"""Publishing the built site to static hosting: SSH/rsync releases, a git
branch, or an S3-compatible bucket. ``tasks.py`` only calls :mod:`.pipeline`."""
