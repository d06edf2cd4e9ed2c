"""Feature cogs of the Discord bot."""
