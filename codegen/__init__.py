"""Code generation for dicodec: importers (standard -> spec/) and the generator (spec/ -> generated/)."""
