"""Measures of answer quality on public data sets, through the bot's own answer path."""
