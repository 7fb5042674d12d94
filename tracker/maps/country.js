/* The country map (tracker/maps/national.py): decodes the shared-border topology of
   tracker/maps/topology.py and draws the 34 provinces as SVG polygons, or the 3,321 communes on
   one canvas, with tooltips, the lines between provinces, labels, the legend and, for communes,
   the full boundaries of the provinces in view fetched once zoomed in. */
(function (map, d) {
    "use strict";
    window.trackerMap = map;  // for whoever drives the page (tests, a console)

    // Arcs as flat [lon, lat, lon, lat, ...] arrays.
    function arcs(t) {
        return t.arcs.map(function (a) {
            var out = new Float64Array(a.length), x = 0, y = 0;
            for (var i = 0; i < a.length; i += 2) {
                x += a[i];
                y += a[i + 1];
                out[i] = t.origin[0] + x * t.step;
                out[i + 1] = t.origin[1] + y * t.step;
            }
            return out;
        });
    }
    // A feature's polygons as rings of flat [lon, lat, ...], walking each arc its way.
    function rings(a, feature) {
        return feature.map(function (polygon) {
            return polygon.map(function (refs) {
                var ring = [];
                refs.forEach(function (r) {
                    var part = a[r >= 0 ? r : ~r], n = part.length / 2;
                    for (var k = ring.length ? 1 : 0; k < n; k++) {
                        var j = r >= 0 ? k : n - 1 - k;
                        ring.push(part[2 * j], part[2 * j + 1]);
                    }
                });
                return ring;
            });
        });
    }
    function tip(i) {
        if (d.tips[i]) { return d.tips[i]; }
        var value = d.values[i];
        var line = value ? "<div>" + d.title + ": " + value + "</div>"
            : "<div style='color:#666'>" + d.noData + "</div>";
        var where = d.level === "commune"
            ? "<div>" + d.provinceNames[d.province[i]] + "</div>" : "";
        return "<b>" + d.names[i] + " (" + d.codes[i] + ")</b>" + where + line;
    }
    function fillOf(i) { return d.fills[i] || d.noDataColor; }

    var coarse = arcs(d.topology);
    var shapes = d.topology.features.map(function (f) { return rings(coarse, f); });

    // -- provinces: a few dozen SVG polygons, each its own element ------------------------------
    function drawPolygons() {
        var group = L.featureGroup();
        shapes.forEach(function (shape, i) {
            var latLngs = shape.map(function (polygon) {
                return polygon.map(function (ring) {
                    var out = [];
                    for (var k = 0; k < ring.length; k += 2) { out.push([ring[k + 1], ring[k]]); }
                    return out;
                });
            });
            var polygon = L.polygon(latLngs, {
                fillColor: fillOf(i), fillOpacity: fillOf(i) === d.noDataColor ? 0.45 : 0.75,
                color: "#495057", weight: d.weight,
                className: d.className + " " + d.className + "-" + d.codes[i]
            });
            polygon.bindTooltip(function () { return tip(i); }, {sticky: true});
            polygon.on("mouseover", function () { polygon.setStyle({weight: 2.5, color: "#000"}); });
            polygon.on("mouseout", function () {
                polygon.setStyle({weight: d.weight, color: "#495057"});
            });
            group.addLayer(polygon);
        });
        group.addTo(map);
    }

    // -- communes: thousands of polygons on one canvas, found under the mouse by their boxes ----
    var Communes = L.Layer.extend({
        onAdd: function () {
            this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-animated " + d.className);
            this._hover = L.DomUtil.create("canvas", "tracker-hover");
            this._hover.style.pointerEvents = "none";
            var pane = map.getPanes().overlayPane;
            pane.appendChild(this._canvas);
            pane.appendChild(this._hover);
            this._outlines = {};  // province code -> its outline arcs, once its detail is in
            map.on("moveend resize", this.draw, this);
            map.on("zoomstart", this._hide, this);
            map.on("mousemove", this._move, this);
            map.on("mouseout", this._leave, this);
            this._tooltip = L.tooltip({direction: "top", offset: [0, -8]});
            this._hovered = -1;
            this.draw();
        },
        _hide: function () {
            this._canvas.style.visibility = "hidden";
            this._hover.style.visibility = "hidden";
        },
        _place: function (canvas, size, ratio, topLeft) {
            L.DomUtil.setPosition(canvas, topLeft);
            canvas.width = size.x * ratio;
            canvas.height = size.y * ratio;
            canvas.style.width = size.x + "px";
            canvas.style.height = size.y + "px";
            canvas.style.visibility = "";
            var ctx = canvas.getContext("2d");
            ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
            return ctx;
        },
        // Web Mercator, as Leaflet projects, into this canvas's pixels.
        _projector: function (topLeft) {
            var scale = 256 * Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
            var left = origin.x + topLeft.x, top = origin.y + topLeft.y;
            return function (lon, lat) {
                var s = Math.sin(Math.max(Math.min(lat, 85.05), -85.05) * Math.PI / 180);
                return [scale * (lon / 360 + 0.5) - left,
                        scale * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) - top];
            };
        },
        _trace: function (ctx, projected) {
            projected.forEach(function (ring) {
                for (var k = 0; k < ring.length; k += 2) {
                    if (k) { ctx.lineTo(ring[k], ring[k + 1]); } else { ctx.moveTo(ring[0], ring[1]); }
                }
                ctx.closePath();
            });
        },
        draw: function () {
            var size = map.getSize(), ratio = window.devicePixelRatio || 1;
            var topLeft = map.containerPointToLayerPoint([0, 0]);
            var ctx = this._place(this._canvas, size, ratio, topLeft);
            this._place(this._hover, size, ratio, topLeft);
            var project = this._projector(topLeft), layer = this;
            this._rings = [];
            this._boxes = [];
            shapes.forEach(function (shape, i) {
                var box = [Infinity, Infinity, -Infinity, -Infinity], projected = [];
                shape.forEach(function (polygon) {
                    polygon.forEach(function (ring) {
                        var out = new Float64Array(ring.length);
                        for (var k = 0; k < ring.length; k += 2) {
                            var p = project(ring[k], ring[k + 1]);
                            out[k] = p[0];
                            out[k + 1] = p[1];
                            if (p[0] < box[0]) { box[0] = p[0]; }
                            if (p[1] < box[1]) { box[1] = p[1]; }
                            if (p[0] > box[2]) { box[2] = p[0]; }
                            if (p[1] > box[3]) { box[3] = p[1]; }
                        }
                        projected.push(out);
                    });
                });
                layer._rings.push(projected);
                var shown = box[2] >= 0 && box[3] >= 0 && box[0] <= size.x && box[1] <= size.y;
                layer._boxes.push(shown ? box : null);
                if (!shown) { return; }
                ctx.beginPath();
                layer._trace(ctx, projected);
                ctx.globalAlpha = fillOf(i) === d.noDataColor ? 0.45 : 0.75;
                ctx.fillStyle = fillOf(i);
                ctx.fill("evenodd");
                ctx.globalAlpha = 1;
                ctx.lineWidth = d.weight;
                ctx.strokeStyle = "#495057";
                ctx.stroke();
            });
            this._drawBorders(ctx, project);
            this._hovered = -1;
        },
        // The lines between provinces: simplified ones at country scale; once a province's full
        // boundaries are in, its own outline, which fits its communes.
        _drawBorders: function (ctx, project) {
            var detailed = map.getZoom() >= (d.detail ? d.detail.zoom : Infinity);
            ctx.beginPath();
            var line = function (flat) {
                for (var k = 0; k < flat.length; k += 2) {
                    var p = project(flat[k], flat[k + 1]);
                    if (k) { ctx.lineTo(p[0], p[1]); } else { ctx.moveTo(p[0], p[1]); }
                }
            };
            if (detailed) {
                Object.keys(this._outlines).forEach(function (code) {
                    this._outlines[code].forEach(line);
                }, this);
            } else {
                d.borders.forEach(function (r) { line(coarse[r]); });
            }
            ctx.lineWidth = 1.4;
            ctx.strokeStyle = "#212529";
            ctx.stroke();
        },
        _at: function (x, y) {
            for (var i = this._boxes.length - 1; i >= 0; i--) {
                var b = this._boxes[i];
                if (!b || x < b[0] || x > b[2] || y < b[1] || y > b[3]) { continue; }
                var inside = false;
                this._rings[i].forEach(function (r) {
                    for (var k = 0, j = r.length - 2; k < r.length; j = k, k += 2) {
                        if ((r[k + 1] > y) !== (r[j + 1] > y)
                            && x < (r[j] - r[k]) * (y - r[k + 1]) / (r[j + 1] - r[k + 1]) + r[k]) {
                            inside = !inside;
                        }
                    }
                });
                if (inside) { return i; }
            }
            return -1;
        },
        _move: function (e) {
            var i = this._at(e.containerPoint.x, e.containerPoint.y);
            map.getContainer().style.cursor = i >= 0 ? "pointer" : "";
            if (i !== this._hovered) {
                this._hovered = i;
                var ctx = this._hover.getContext("2d");
                ctx.clearRect(0, 0, this._hover.width, this._hover.height);
                if (i >= 0) {
                    ctx.beginPath();
                    this._trace(ctx, this._rings[i]);
                    ctx.lineWidth = 2.5;
                    ctx.strokeStyle = "#000";
                    ctx.stroke();
                }
            }
            if (i < 0) { this._tooltip.remove(); return; }
            this._tooltip.setLatLng(e.latlng).setContent(tip(i));
            if (!map.hasLayer(this._tooltip)) { this._tooltip.addTo(map); }
        },
        _leave: function () {
            this._tooltip.remove();
            this._move({containerPoint: {x: -1, y: -1}, latlng: null});
        },
        // A province's full boundaries: its communes take them, and its outline is the arcs that
        // only one of them uses.
        refine: function (t) {
            var a = arcs(t), uses = {};
            var index = {};
            d.codes.forEach(function (c, i) { index[c] = i; });
            t.codes.forEach(function (c, i) {
                if (index[c] === undefined) { return; }
                shapes[index[c]] = rings(a, t.features[i]);
                t.features[i].forEach(function (polygon) {
                    polygon.forEach(function (refs) {
                        refs.forEach(function (r) {
                            var key = r >= 0 ? r : ~r;
                            uses[key] = (uses[key] || 0) + 1;
                        });
                    });
                });
            });
            this._outlines[t.province] = Object.keys(uses)
                .filter(function (k) { return uses[k] === 1; })
                .map(function (k) { return a[k]; });
            this.draw();
        }
    });

    var communes = null;
    if (d.level === "commune") {
        communes = new Communes();
        communes.addTo(map);
    } else {
        drawPolygons();
    }
    d.labels.forEach(function (l) {
        L.marker([l[0], l[1]], {
            icon: L.divIcon({className: "tracker-label", html: "<span>" + l[2] + "</span>",
                             iconSize: null}),
            interactive: false, keyboard: false
        }).addTo(map);
    });
    // Bottom right is sea on a map of Viet Nam: the legend covers no province there.
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "tracker-legend-control");
        div.innerHTML = d.legend;
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    legend.addTo(map);
    if (!d.detail || !communes) { return; }
    var asked = {};
    map.on("moveend", function () {
        if (map.getZoom() < d.detail.zoom) { return; }
        var view = map.getBounds();
        d.detail.provinces.forEach(function (b, k) {
            var code = d.provinceCodes[k];
            var box = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
            if (asked[code] || !view.intersects(box)) { return; }
            asked[code] = true;
            fetch(d.detail.url + "/communes-" + code + ".json")
                .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
                .then(function (t) {
                    t.province = code;
                    communes.refine(t);
                    window.trackerDetail = (window.trackerDetail || 0) + 1;
                })
                .catch(function () { /* the simplified boundaries stay */ });
        });
    });
})
