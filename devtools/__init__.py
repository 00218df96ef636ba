"""Tools for developers, above every product app and out of the production image: the demo data
(`devtools/demo/`, `manage.py seed_demo`) and the benchmark (`devtools/bench/`, `manage.py bench`,
`manage.py page_weight`). Listed in INSTALLED_APPS by the dev and test settings only; production
settings never load it, and `.dockerignore` keeps it out of the image (issue 16)."""
