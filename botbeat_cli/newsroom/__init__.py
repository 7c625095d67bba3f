"""The read model of the newsroom: its articles listed, read leniently once, and what
every command derives from them, cached. Every command reads articles through it."""
