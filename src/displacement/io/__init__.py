"""Reading and writing displacement data: one format a module, imported on demand.

Nothing here is imported by ``import displacement``; import the module you need, for example
``from displacement.io import unhcr``. Formats that need optional libraries say which extra to
install.
"""
