"""Everything that touches Word XML: rendering, the frame templates, stamping, reading formats."""
