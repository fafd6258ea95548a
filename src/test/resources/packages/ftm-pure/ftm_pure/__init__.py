"""ftm-pure: a pure-Python test fixture; installs from a py3-none-any wheel on any interpreter."""

__version__ = "1.0"


def answer():
    return 42
