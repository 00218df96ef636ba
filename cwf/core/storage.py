"""Static files in production: WhiteNoise's compressed, hashed copies (each served with a year's
caching, "immutable"), with the ES module imports in our .mjs files rewritten to the hashed names
too. Django rewrites `import ... from "..."` only in *.js files, and app.mjs imports GOV.UK
Frontend: without this, that import kept its plain name, was cached for 60 seconds, and was asked
for again by every later page (docs/performance.md, page weight)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
    _js_module_import_aggregation_patterns = (
        "*.mjs",
        CompressedManifestStaticFilesStorage._js_module_import_aggregation_patterns[1],
    )
