"""Publishing errors: say what failed and that the live site was not changed."""


class PublishError(RuntimeError):
    """A step of publishing failed; nothing was switched or deleted."""
