"""Everything that touches files: reading, parsing with positions, atomic writes, the newsroom."""
