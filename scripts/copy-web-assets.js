// Copies the map's third-party files from node_modules into the Python package (src/sitrep/serve/static/vendor),
// so that `sitrep serve` serves them itself and a built wheel carries them. Run by `npm ci` (postinstall).
// The copies are not committed (.gitignore); their licences are copied beside them.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const dest = path.join(root, "src", "sitrep", "serve", "static", "vendor");
const files = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  ["leaflet/dist/images/layers.png", "images/layers.png"],
  ["leaflet/dist/images/layers-2x.png", "images/layers-2x.png"],
  ["leaflet/dist/images/marker-icon.png", "images/marker-icon.png"],
  ["leaflet/dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"],
  ["leaflet/dist/images/marker-shadow.png", "images/marker-shadow.png"],
  ["leaflet/LICENSE", "LICENSE-leaflet.txt"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "MarkerCluster.css"],
  ["leaflet.markercluster/dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"],
  ["leaflet.markercluster/MIT-LICENCE.txt", "LICENSE-leaflet.markercluster.txt"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client/LICENSE", "LICENSE-topojson-client.txt"],
  ["world-atlas/countries-50m.json", "countries-50m.json"],
  ["world-atlas/LICENSE", "LICENSE-world-atlas.txt"],
];
let missing = 0;
for (const [from, to] of files) {
  const src = path.join(root, "node_modules", from);
  const out = path.join(dest, to);
  if (!fs.existsSync(src)) {
    console.error(`copy-web-assets: ${src} is missing (run npm ci in the repository root)`);
    missing += 1;
    continue;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(src, out);
}
if (missing) {
  process.exit(1);
}
