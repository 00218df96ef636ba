// Copies the browser files we serve from node_modules into static/, so Django's staticfiles and
// WhiteNoise can serve them without the node_modules tree in production images.
import { cpSync, mkdirSync } from "node:fs";

const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/govuk", { recursive: true });
cpSync(`${govuk}/govuk-frontend.min.js`, "static/govuk/govuk-frontend.min.js");
// Images (icons, favicons) only: the fonts folder is GOV.UK's own typeface, which we do not use.
cpSync(`${govuk}/assets/images`, "static/govuk/assets/images", { recursive: true });
cpSync(`${govuk}/assets/manifest.json`, "static/govuk/assets/manifest.json");
mkdirSync("static/vendor", { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", "static/vendor/htmx.min.js");
