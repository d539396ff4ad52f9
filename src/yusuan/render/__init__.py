"""Document → the standard disclosure package: table layouts, then XLSX / HTML / PDF / narrative."""
