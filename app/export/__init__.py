"""Writers of spreadsheet files (CSV), and the one function that makes a cell safe to open."""
