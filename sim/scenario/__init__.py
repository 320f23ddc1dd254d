"""Scenario files: safe YAML reading, structuring into the model, checks, schema, template."""
