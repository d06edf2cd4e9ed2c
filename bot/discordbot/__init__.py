"""The Discord adapter: a thin layer that turns Discord events into engine calls and replies
into embeds and buttons. Nothing outside this package imports discord."""
