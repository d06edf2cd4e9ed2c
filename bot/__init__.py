"""CareerBot: career advice for the Education and Training cluster, on Discord and in a terminal."""

__version__ = "0.1.0"
