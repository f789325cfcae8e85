"""Import of people, organisations and places from the editors' CSV or XLSX files.

`resources` maps the spreadsheet columns onto the models (django-import-export resources),
`runner` reads a file and reports per row, `jobs` keeps an uploaded file between the preview and
the apply step, `views` is the admin, and `import_directory` the management command.
"""
