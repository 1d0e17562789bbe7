"""newsbot: answers questions about news articles with exact quotes and source links."""

__version__ = "0.1.0"
