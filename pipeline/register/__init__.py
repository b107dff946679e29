"""The outgoing-document register (sổ đăng ký văn bản đi)."""
