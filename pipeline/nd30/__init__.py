"""ND30 and Vietnamese conventions: layout facts, dates, numbers, words, case, name order."""
