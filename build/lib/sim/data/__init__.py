"""The shipped files (scenarios, fonts, translations, schema): links to the folders at the top of the tree; see `sim.resources`."""
