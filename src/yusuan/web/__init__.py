"""The web portal: public budget pages, review of uploaded packages, preparation of a unit's package
from its entries, administration (FastAPI).

Importing this package costs nothing; ``yusuan.web.app.create_app`` builds the application (it
imports FastAPI). The portal's own tables are the store's (``yusuan.store.portal``).
"""
