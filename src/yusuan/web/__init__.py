"""The web portal: public budget pages, review of uploaded packages, administration (FastAPI).

Importing this package costs nothing; ``yusuan.web.app.create_app`` builds the application (it
imports FastAPI). ``tables.py`` holds the portal's own tables, part of the store's schema.
"""
