"""Demo content of the reference site: `python manage.py load_demo`."""
