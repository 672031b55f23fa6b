"""Pure rules of the product; see README.md in this folder."""
