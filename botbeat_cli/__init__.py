"""botbeat: the BotBeat newsroom toolkit."""

__version__ = "0.1.0"
