"""Input → model: the campaign model, its YAML and Excel readers, rules, recipients, nominees, results."""
