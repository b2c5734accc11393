"""The pure core: text and values in, values out. No disk, clock or environment."""
