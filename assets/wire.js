/* The network picture from its level's frame and a view's wire figure.
 *
 * The server sends, once per level and layout, a frame (every node's id,
 * position and first hover lines, every link as two node numbers) and, for
 * each view, a wire figure: the figure it drew with the arrays that repeat
 * the frame replaced by references into it (graph_explorer/figures/wire.py
 * describes the format). arrive() rebuilds the figure for dcc.Graph as soon as the view's answer arrives,
 * sets the parts of the page beside it, gives Dash the rest of the answer just after the frame that paints
 * them and passes the view on to the side panels once it is on screen; draw() draws a new selection (a Patch
 * of the wire figure) once Dash has applied it.
 *
 * Many links (LINKS_AS_PICTURE points or more) are painted into one picture, a layout image at the
 * screen's resolution under the nodes, and painted again when a zoom, a pan, a new size or the legend needs
 * it. Software WebGL (a laptop or a remote desktop without graphics) draws 27,000 lines in ~0.3 s; painting
 * them takes ~15 ms. Their traces stay in the figure, hidden, with every point: what the page holds is what
 * the server sent, and the picture is painted from it.
 * No state but the last frame sent and the last unpacked, the last request for a picture (and the last one
 * whose answer was read before Dash), the last few pictures painted for views and the arrays their traces
 * placed on the frame, the number of the last view released to the panels and what the last picture painted
 * holds (this tab's own).
 */
(function () {
  'use strict';
  var TYPES = {u1: Uint8Array, u2: Uint16Array, u4: Uint32Array, i1: Int8Array, i2: Int16Array,
               i4: Int32Array, f4: Float32Array, f8: Float64Array};

  function bytes(b64) {
    var s = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out;
  }

  function typed(v) {  // {dtype, b64}: little-endian, as every browser's typed arrays
    var raw = bytes(v.b64), T = TYPES[v.dtype];
    return new T(raw.buffer, 0, raw.byteLength / T.BYTES_PER_ELEMENT);
  }

  var last = {frame: null, unpacked: null};
  var NETWORK = 'network-graph', WIRE = 'network-wire', FRAME = 'network-frame', SPEC = 'spec-store',
      PANELS = 'panel-spec', TOKEN = 'data-token';  // app/ids.py

  function unpack(frame) {
    if (last.frame === frame) { return last.unpacked; }
    var u = {key: frame.key, ids: frame.ids, heads: frame.heads, template: frame.template,
             x: typed(frame.x), y: typed(frame.y), src: typed(frame.src), dst: typed(frame.dst)};
    last = {frame: frame, unpacked: u};
    return u;
  }

  function links(set, n) {  // the frame numbers of a set of links, ascending
    var i;
    if (set._all) {
      var all = new Uint32Array(n);
      for (i = 0; i < n; i++) { all[i] = i; }
      return all;
    }
    if (set._idx) { return typed(set._idx); }
    var bits = bytes(set._bits), out = [];
    for (i = 0; i < n; i++) {
      if (bits[i >> 3] & (1 << (i & 7))) { out.push(i); }
    }
    return out;
  }

  function segmentPoints(n) {  // start, end, gap for each link
    var out = new Int32Array(3 * n);
    for (var i = 0; i < n; i++) { out[3 * i] = i; out[3 * i + 1] = n + i; out[3 * i + 2] = -1; }
    return out;
  }

  // The points of the trails through links a[i]-b[i] (node numbers below nNodes), as link ends: i is link
  // i's a end, n + i its b end, -1 closes a trail. The walk of graph_explorer.figures.network.trail_points:
  // at each node its half-links (2i: link i at a, 2i + 1: at b), in that order, are paired two by two; a
  // trail enters a link, leaves by its other end and goes on with that end's mate. Trails start at the
  // unpaired half-links, in order, then at what is left (closed trails).
  function trailPoints(a, b, nNodes) {
    var m = a.length, h, i;
    var count = new Int32Array(nNodes + 1);
    for (i = 0; i < m; i++) { count[a[i] + 1]++; count[b[i] + 1]++; }
    for (i = 0; i < nNodes; i++) { count[i + 1] += count[i]; }
    var byNode = new Int32Array(2 * m), fill = count.slice(0, nNodes);
    for (h = 0; h < 2 * m; h++) {  // half-links grouped by node, in order (a stable counting sort)
      var node = (h & 1) ? b[h >> 1] : a[h >> 1];
      byNode[fill[node]++] = h;
    }
    var mate = new Int32Array(2 * m).fill(-1);
    for (var v = 0; v < nNodes; v++) {
      for (var k = count[v]; k + 1 < count[v + 1]; k += 2) {
        mate[byNode[k]] = byNode[k + 1]; mate[byNode[k + 1]] = byNode[k];
      }
    }
    var used = new Uint8Array(m), out = [];
    function walk(h) {
      var first = true;
      while (h >= 0 && !used[h >> 1]) {
        var link = h >> 1, atB = h & 1;
        used[link] = 1;
        if (first) { out.push(atB ? m + link : link); first = false; }
        out.push(atB ? link : m + link);
        h = mate[h ^ 1];
      }
      out.push(-1);
    }
    for (h = 0; h < 2 * m; h++) { if (mate[h] < 0 && !used[h >> 1]) { walk(h); } }
    for (h = 0; h < 2 * m; h += 2) { if (!used[h >> 1]) { walk(h); } }
    return out;
  }

  function typedArray(v) {  // plotly's typed-array spec {dtype, bdata} as a typed array (other values as they are)
    return v && v.bdata !== undefined ? typed({dtype: v.dtype, b64: v.bdata}) : v;
  }

  function unfront(coded) {  // the table: a string that begins like the one before it came as [shared, rest]
    var out = new Array(coded.length);
    for (var i = 0; i < coded.length; i++) {
      var v = coded[i];
      out[i] = Array.isArray(v) ? out[i - 1].slice(0, v[0]) + v[1] : v;
    }
    return out;
  }

  function unlike(items) {  // {_like: 1, ...}: the item before it, with these values
    var out = [];
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (item && item._like) {
        item = Object.assign({}, out[i - 1], item);
        delete item._like;
      }
      out.push(item);
    }
    return out;
  }

  function values(coded, table) {
    var codes = typed(coded._codes), out = new Array(codes.length);
    for (var i = 0; i < codes.length; i++) { out[i] = table[codes[i]]; }
    return out;
  }

  function isCoded(v) { return v !== null && typeof v === 'object' && v._codes !== undefined; }

  function expand(t, F, table, placed) {
    var out = Object.assign({}, t), i;
    if (t.marker && typeof t.marker === 'object') {
      out.marker = Object.assign({}, t.marker);
      ['size', 'opacity', 'symbol', 'color'].forEach(function (p) {
        if (isCoded(out.marker[p])) { out.marker[p] = values(out.marker[p], table); }
      });
    }
    if (t._nodes) {
      var nodes = place('nodes', t._nodes, t.type, F, placed);
      out.x = nodes.x; out.y = nodes.y; out.customdata = nodes.customdata;
      if (t.hovertext && t.hovertext._heads) {
        var idx = nodes.idx, tails = values(t.hovertext, table), hover = new Array(idx.length);
        for (i = 0; i < idx.length; i++) { hover[i] = F.heads[idx[i]] + tails[i]; }
        out.hovertext = hover;
      }
      delete out._nodes;
    }
    ['links', 'mids'].forEach(function (kind) {
      if (!t['_' + kind]) { return; }
      var arrays = place(kind, t['_' + kind], t.type, F, placed);
      out.x = arrays.x; out.y = arrays.y;
      if (arrays.customdata) { out.customdata = arrays.customdata; }
      delete out['_' + kind];
    });
    return out;
  }

  // The arrays a trace's `set` of nodes, links or link middles (`kind`) puts on the frame F: x, y (and
  // customdata: node ids, a middle's two ends). Those of the last few figures built are kept (a filter switched
  // off and on again builds none anew); figures share them, and nothing writes into them: plotly reads the
  // arrays it is given. `placed`: those of the figure being built (figureOf), id → arrays.
  var KEPT_FIGURES = 4, placedBefore = [];  // newest first

  function place(kind, set, type, F, placed) {
    var id = [F.key, kind, type, JSON.stringify(set)].join('\n');
    var arrays = placed.get(id);
    for (var i = 0; !arrays && i < placedBefore.length; i++) { arrays = placedBefore[i].get(id); }
    placed.set(id, arrays || placing(kind, set, type, F));
    return placed.get(id);
  }

  function keepPlaced(placed) {
    placedBefore.unshift(placed);
    placedBefore.length = Math.min(placedBefore.length, KEPT_FIGURES);
  }

  function placing(kind, set, type, F) {
    var i, n;
    if (kind === 'nodes') {
      var idx = typed(set);
      n = idx.length;
      var x = new Float64Array(n), y = new Float64Array(n), ids = new Array(n);
      for (i = 0; i < n; i++) { x[i] = F.x[idx[i]]; y[i] = F.y[idx[i]]; ids[i] = F.ids[idx[i]]; }
      return {x: x, y: y, customdata: ids, idx: idx};
    }
    var L = links(set, F.src.length), a, b;
    n = L.length;
    if (kind === 'mids') {  // the middle of each link, carrying its two ends
      var mx = new Float64Array(n), my = new Float64Array(n), ends = new Array(n);
      for (i = 0; i < n; i++) {
        a = F.src[L[i]]; b = F.dst[L[i]];
        mx[i] = (F.x[a] + F.x[b]) / 2; my[i] = (F.y[a] + F.y[b]) / 2;
        ends[i] = [F.ids[a], F.ids[b]];
      }
      return {x: mx, y: my, customdata: ends};
    }
    a = new Int32Array(n); b = new Int32Array(n);
    for (i = 0; i < n; i++) { a[i] = F.src[L[i]]; b[i] = F.dst[L[i]]; }
    // WebGL: chained into trails (a third of the points to draw), as the server draws them; else segments
    var pts = type === 'scattergl' ? trailPoints(a, b, F.ids.length) : segmentPoints(n);
    var lx = new Float64Array(pts.length), ly = new Float64Array(pts.length);
    for (i = 0; i < pts.length; i++) {
      var p = pts[i];
      if (p < 0) { lx[i] = NaN; ly[i] = NaN; continue; }
      var node = p < n ? a[p] : b[p - n];
      lx[i] = F.x[node]; ly[i] = F.y[node];
    }
    return {x: lx, y: ly};
  }

  // A callback with no output (as an output the graph would be marked loading while it runs, and drawn again
  // twice): the network with a new selection, once Dash has applied its Patch to the wire figure (the answer
  // that brought it set NETWORK_REDRAW; graph_explorer/app/callbacks.py).
  function draw(redraw, wire, frame) {
    if (wire) { show(wire, frame); }
  }

  // dcc.Graph given the figure of a wire, drawn with its frame (a wire of no frame is a figure as it is). The
  // frame a wire names always came before it or with it.
  function show(wire, frame) {  // true if given to dcc.Graph
    if (wire.frame && (!frame || frame.key !== wire.frame)) { return false; }
    window.dash_clientside.set_props(NETWORK, {figure: wire.frame ? figureOf(wire, frame) : wire});
    return true;
  }

  // The view's answer as it arrives. Only an answer to the last request sent that asks for a picture counts
  // (several can be on their way at once; Dash drops the older answers, and so does this).
  //
  // An answer with a network picture (a new view, not a new selection) is read here before Dash reads it
  // (arrive(), from the page's fetch): its network is drawn and the parts of the page it sets beside the
  // picture (PARTS: the summary, the subtitle, the legend, the details…) are set at once, so that they are
  // painted together in the frame that paints the picture, and taken out of the answer. Dash gets the rest
  // (the address, the view's stores) just after that frame (inFrame); the side panels are asked once the
  // picture is on screen and the page idle (release). Applied before the drawing, Dash's ~25 changes of the
  // page for the rest (each runs a selector for each of the page's ~330 components, ~0.4 ms) held the
  // picture's frame up by ~10 ms.
  //
  // Every other answer of the view (a Patch: a new selection; none: the table, a level being prepared) goes
  // to Dash as it is; Dash's request_post hook (set in graph_explorer/app/layout.py) calls answered() with
  // it before Dash stores its outputs, and the panels are asked at once. A Patch is drawn by draw().
  var asked = {last: null, next: null, early: null}, sent = {frame: null};
  function asking(payload) {  // Dash's request_pre hook: the last request that asks for a network picture
    if (payload && String(payload.output).indexOf(WIRE + '.data') >= 0) { asked.last = asked.next = payload; }
  }

  // the outputs of the view's answer that are parts of the page beside the picture (app/callbacks.py VIEW_PARTS)
  var PARTS = ['focus-status', 'encoding-legend', 'view-subtitle', 'figure-message', 'warm-poll', 'summary',
               'summary-plain', 'details'];

  // Dash posts each request right after its request_pre hook: the fetch that follows asking() is its request
  var send = window.fetch;
  if (typeof send === 'function') {
    window.fetch = function (url) {
      var payload = asked.next;
      asked.next = null;
      var answer = send.apply(this, arguments);
      if (!payload || String(url).indexOf('_dash-update-component') < 0) { return answer; }
      return answer.then(function (res) { return res.status === 200 ? read(payload, res) : res; });
    };
  }

  function read(payload, res) {  // the response Dash gets: the same, less the parts set, once Dash may have it
    return res.text().then(function (text) {
      var data = null, later = null;
      try { data = JSON.parse(text); } catch (e) { data = null; }
      if (data && data.response) { later = arrive(payload, data.response); }
      if (!later) { return new Response(text, {status: res.status, statusText: res.statusText, headers: res.headers}); }
      return later.then(function () {  // written out after the frame, not before it
        var headers = new Headers(res.headers);
        headers.delete('content-length');
        return new Response(JSON.stringify(data), {status: res.status, statusText: res.statusText, headers: headers});
      });
    });
  }

  // An answer with a network picture, read before Dash: drawn, its parts set (and taken out of `response`);
  // a promise of the moment Dash may have the rest, or null when Dash is to have all of it.
  function arrive(payload, response) {
    var wire = response[WIRE] && response[WIRE].data, gd = document.querySelector(GRAPH);
    if (payload !== asked.last || !wire || wire.__dash_patch_update || !gd || !gd.once) { return null; }
    var painted = inFrame(gd), drawn = drawAnswer(payload, response, gd);  // armed before the drawing
    asked.early = payload;  // drawn (or tried) here: answered() leaves it
    if (!drawn) { return null; }
    var dc = window.dash_clientside;
    PARTS.forEach(function (id) {
      if (response[id]) { dc.set_props(id, response[id]); delete response[id]; }
    });
    return painted;
  }

  function answered(payload, response) {  // Dash's request_post hook: every answer arrive() did not have
    if (payload === asked.early || payload !== asked.last || !response) { return; }
    drawAnswer(payload, response, document.querySelector(GRAPH));
  }

  // The network of the view's answer drawn (a Patch is left to draw()) and its view passed on to the side
  // panels once that drawing is on screen, at once when it brings none: the promise of the drawing on
  // screen, or null when the answer drew none.
  function drawAnswer(payload, response, gd) {
    var frame = response[FRAME] && response[FRAME].data;
    if (frame && frame.key) { sent.frame = frame; }
    var wire = response[WIRE] && response[WIRE].data, drawn = null;
    if (wire && !wire.__dash_patch_update) {
      var watched = gd && gd.once ? onScreen(gd) : null;  // armed before the drawing: its afterplot may come within it
      try {
        if (show(wire, sent.frame)) { drawn = watched; }
      } catch (e) {
        if (window.console) { window.console.error('graph-explorer: the network could not be drawn', e); }
      }
    }
    var query = response[SPEC] && response[SPEC].data;
    if (typeof query === 'string') { release({query: query, token: tokenOf(payload)}, drawn || Promise.resolve()); }
    return drawn;
  }

  function tokenOf(payload) {  // the tab's data token the request was sent with
    var all = [].concat(payload.inputs || [], payload.state || []);
    for (var i = 0; i < all.length; i++) {
      var x = all[i];
      if (x && x.id === TOKEN && x.property === 'data') { return x.value === undefined ? null : x.value; }
    }
    return null;
  }

  function figureOf(wire, frame) {
    var F = unpack(frame), table = unfront(wire.table || []);
    var layout = Object.assign({}, wire.layout);
    if (layout._template) { layout.template = F.template; delete layout._template; }
    if (Array.isArray(layout.annotations)) { layout.annotations = unlike(layout.annotations); }
    var traces = unlike(wire.data);
    var placed = new Map();
    var fig = {data: traces.map(function (t) { return expand(t, F, table, placed); }), layout: layout};
    keepPlaced(placed);
    var isLink = traces.map(function (t) { return Boolean(t._links); });
    // the links as the wire names them (which links of which frame, in which style): the picture's key
    var linked = traces.filter(function (t, i) { return isLink[i]; });
    pictureLinks(fig, isLink, undefined, F.key + '\n' + JSON.stringify(linked));
    return fig;
  }

  // ---- many links as one picture ----
  var LINKS_AS_PICTURE = 5000;          // link points (all link traces) from which links are a picture
  var PICTURED = 'links in the picture'; // the meta of a link trace drawn in the picture (hidden itself)
  var PICTURE = 'links';                // the name of the layout image
  var ENTRY = 'legend of links in the picture';  // the meta of a pictured link trace's legend entry
  var PAD = 0.15;                       // the picture reaches this share of the view beyond each side
  var OVERSAMPLE = 1.25;                // … at this many times the screen's resolution
  var MAX_SIDE = 4096;                  // pixels, each way at most
  var EDGE_PX = 4;                      // pixels beyond the links' box (half the widest link and more)
  var HAIRLINE = 2;                     // pixels: thinner links are painted as one-pixel lines
  var GRAPH = '#' + NETWORK + ' .js-plotly-plot';
  var painted = {source: null, w: 0, which: null};
  var KEPT_PICTURES = 4, kept = [];     // the last pictures painted for views (paint's key), newest first

  // `fig` (its traces flagged by `isLink`) with many links hidden and painted into its picture, for the plot
  // `gd` (default: the page's network; null: not drawn yet, painted when plotly has drawn it, by repaint())
  // `key`: what the links are (figureOf); a view whose picture was painted a moment ago, for the same area at
  // the same resolution (a filter switched off again), gets that picture back instead of painting it again
  function pictureLinks(fig, isLink, gd, key) {
    var links = fig.data.filter(function (t, i) { return isLink[i]; });
    var points = 0;
    for (var i = 0; i < links.length; i++) {
      if (links[i].type !== 'scattergl') { return; }
      points += links[i].x.length;
    }
    if (points < LINKS_AS_PICTURE) { return; }
    // a link trace with a legend entry (the classes of a comparison, of observed ÷ expected) leaves its entry
    // to a trace of no points right after it: a click on the entry hides its links in the picture
    fig.data = [].concat.apply([], fig.data.map(function (t, i) {
      if (!isLink[i]) { return [t]; }
      var entry = t.showlegend ? [legendEntry(t)] : [];
      t.visible = false; t.meta = PICTURED; t.showlegend = false;
      return [t].concat(entry);
    }));
    // before the first drawing of the plot its size is not known: painted once plotly has drawn the nodes
    var page = gd === undefined;
    if (page) { gd = document.querySelector(GRAPH); }
    var view = gd && gd._fullLayout ? expected(gd, fig.layout) : null;
    var picture = view && paint(links, view, undefined, key);
    fig.layout.images = withPicture(fig.layout.images, picture && (page ? mine(picture, names(links)) : plain(picture)));
    if (page) { watch(); }
  }

  // the kept pictures and arrays dropped: benchmarks/bench_app.py times clicks that build and paint anew
  function forget() { kept.length = 0; placedBefore.length = 0; }

  function plain(picture) {  // a picture not of the page's own plot
    delete picture._w;
    return picture;
  }

  function legendEntry(t) {
    return {type: 'scatter', x: [null], y: [null], mode: 'lines', line: t.line, name: t.name, showlegend: true,
            legendgroup: t.legendgroup, legendgrouptitle: t.legendgrouptitle, hoverinfo: 'skip', meta: ENTRY};
  }

  // The links to paint: those whose legend entry (if any) is not switched off.
  function shownLinks(data) {
    var off = {};
    data.forEach(function (t) { if (t.meta === ENTRY && t.visible === 'legendonly') { off[t.name] = true; } });
    return data.filter(function (t) { return t.meta === PICTURED && !off[t.name]; });
  }

  function names(links) { return links.map(function (t) { return t.name; }).join('\n'); }

  // The page's own picture: check() knows it by its source, its width in pixels and the links it holds.
  function mine(picture, which) {
    painted = {source: picture.source, w: picture._w, which: which};
    delete picture._w;
    return picture;
  }

  // A figure (its links hidden in the picture) with its picture painted again for the view plotly shows in
  // `gd` (benchmarks: the drawing of a click, painting included; a plain page's first picture).
  function repaint(fig, gd) {
    var links = shownLinks(fig.data), view = shown(gd);
    var picture = links.length && view && paint(links, view);
    fig.layout.images = withPicture(fig.layout.images, picture ? plain(picture) : null);
    return fig;
  }

  function withPicture(images, picture) {
    var out = (images || []).filter(function (im) { return im.name !== PICTURE; });
    if (picture) { out.unshift(picture); }
    return out;
  }

  function ratioOf(gd) {
    var r = gd && gd._context && gd._context.plotGlPixelRatio;  // as the WebGL nodes are drawn
    return r || Math.min(window.devicePixelRatio || 1, 2);
  }

  // The view plotly will show for this layout: its plot area (px) and axis ranges. The ranges shown now
  // where the layout asks for the ranges it asked for before (plotly keeps a zoom then), else the layout's,
  // widened as plotly does to keep one x unit as long as scaleratio y units.
  function expected(gd, layout) {
    var fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis;
    if (!xa || !ya || !(xa._length > 10) || !(ya._length > 10)) { return null; }  // a hidden tab
    var w = xa._length, h = ya._length;
    function range(name, current) {
      var asked = layout[name] && layout[name].range, before = gd.layout && gd.layout[name];
      var same = before && before.range && asked && before.range[0] === asked[0] && before.range[1] === asked[1]
                 && gd.layout.uirevision === layout.uirevision;
      return (same && current) ? current.range.slice() : (asked ? asked.slice() : null);
    }
    var x = range('xaxis', xa), y = range('yaxis', ya);
    if (!x || !y) { return null; }
    var r = (layout.yaxis && layout.yaxis.scaleratio) || 1;
    var s = Math.max((x[1] - x[0]) / w, (y[1] - y[0]) / (r * h));  // data units per pixel, as constrained
    var cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2;
    return {x: [cx - s * w / 2, cx + s * w / 2], y: [cy - s * r * h / 2, cy + s * r * h / 2], w: w, h: h,
            ratio: ratioOf(gd)};
  }

  // The view plotly shows now.
  function shown(gd) {
    var fl = gd._fullLayout, xa = fl && fl.xaxis, ya = fl && fl.yaxis;
    if (!xa || !ya || !(xa._length > 10) || !(ya._length > 10)) { return null; }
    return {x: xa.range.slice(), y: ya.range.slice(), w: xa._length, h: ya._length, ratio: ratioOf(gd)};
  }

  // A CSS colour with `times` its alpha (at most 1); colours other than rgb() and rgba() as they are.
  function inked(colour, times) {
    var m = /^rgba?\(([^)]*)\)$/.exec(String(colour).replace(/\s+/g, ''));
    if (!m) { return colour; }
    var c = m[1].split(','), alpha = c.length > 3 ? parseFloat(c[3]) : 1;
    return 'rgba(' + c.slice(0, 3).join(',') + ',' + Math.min(1, alpha * times) + ')';
  }

  function gap(x, y) { return x === null || y === null || x !== x || y !== y; }  // NaN or null: between trails

  function bounds(links) {  // the box around every link point: no link reaches beyond it
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    links.forEach(function (t) {
      for (var i = 0; i < t.x.length; i++) {
        var x = t.x[i], y = t.y[i];
        if (gap(x, y)) { continue; }
        if (x < x0) { x0 = x; } if (x > x1) { x1 = x; } if (y < y0) { y0 = y; } if (y > y1) { y1 = y; }
      }
    });
    return {x: [x0, x1], y: [y0, y1]};
  }

  function within(view, box, pad) {  // the part of `view` (widened by `pad` of its size each side) in `box`
    var dx = (view.x[1] - view.x[0]) * pad, dy = (view.y[1] - view.y[0]) * pad;
    var x = [Math.max(box.x[0], view.x[0] - dx), Math.min(box.x[1], view.x[1] + dx)];
    var y = [Math.max(box.y[0], view.y[0] - dy), Math.min(box.y[1], view.y[1] + dy)];
    return x[1] > x[0] && y[1] > y[0] ? {x: x, y: y} : null;
  }

  // Pixels per x and y unit a view needs on screen.
  function resolution(view) {
    return [view.ratio * view.w / (view.x[1] - view.x[0]), view.ratio * view.h / (view.y[1] - view.y[0])];
  }

  // The links of `links` (plotly traces: points, NaN between trails) painted for `view`: a layout image (null
  // if no link can be in view). It covers the view and PAD of it beyond each side (no more than the links
  // reach), at OVERSAMPLE times the screen's resolution: the next filter's plot may be a little larger (its
  // legend is another), and needs no second painting. `box`: bounds(links), if known.
  function paint(links, view, box, key) {
    var t0 = performance.now();
    var area = within(view, box || bounds(links), PAD);
    if (!area) { return null; }
    var k = resolution(view), edge = EDGE_PX / OVERSAMPLE;  // links on the box's edge: painted whole
    var x0 = area.x[0] - edge / k[0], x1 = area.x[1] + edge / k[0];
    var y0 = area.y[0] - edge / k[1], y1 = area.y[1] + edge / k[1];
    var w = Math.max(1, Math.min(MAX_SIDE, Math.round((x1 - x0) * k[0] * OVERSAMPLE)));
    var h = Math.max(1, Math.min(MAX_SIDE, Math.round((y1 - y0) * k[1] * OVERSAMPLE)));
    var id = key === undefined ? null : [x0, x1, y0, y1, w, h, key].join('\n');
    for (var i = 0; id !== null && i < kept.length; i++) {
      if (kept[i].id === id) {
        var again = kept.splice(i, 1)[0];
        kept.unshift(again);
        return Object.assign({}, again.picture);
      }
    }
    var canvas = document.createElement('canvas');
    canvas.width = w; canvas.height = h;
    var ctx = canvas.getContext('2d');
    var sx = w / (x1 - x0), sy = h / (y1 - y0), scale = view.ratio * OVERSAMPLE;
    ctx.lineJoin = 'bevel'; ctx.lineCap = 'butt';  // as WebGL lines; a quarter faster to paint than round
    links.forEach(function (t) {
      var width = (t.line.width === undefined ? 2 : t.line.width) * scale;
      // a line under HAIRLINE pixels is painted one pixel wide with its ink (alpha × width): a third of the time
      ctx.lineWidth = width < HAIRLINE ? 1 : width;
      ctx.strokeStyle = width < HAIRLINE ? inked(t.line.color, width) : t.line.color;
      var X = t.x, Y = t.y, open = false;
      ctx.beginPath();
      for (var i = 0; i < X.length; i++) {
        var x = X[i], y = Y[i];
        if (gap(x, y)) {  // each trail stroked alone, so that
          if (open) { ctx.stroke(); ctx.beginPath(); open = false; }  // crossing links darken, as lines do
          continue;
        }
        var px = (x - x0) * sx, py = (y1 - y) * sy;
        if (open) { ctx.lineTo(px, py); } else { ctx.moveTo(px, py); open = true; }
      }
      if (open) { ctx.stroke(); }
    });
    var source = canvas.toDataURL('image/png');
    performance.measure('graph-explorer: links painted', {start: t0});
    var picture = {name: PICTURE, _w: w, source: source, xref: 'x', yref: 'y', x: x0, y: y1, sizex: x1 - x0,
                   sizey: y1 - y0, sizing: 'stretch', xanchor: 'left', yanchor: 'top', layer: 'below'};
    if (id !== null) {
      kept.unshift({id: id, picture: picture});
      kept.length = Math.min(kept.length, KEPT_PICTURES);
    }
    return Object.assign({}, picture);
  }

  // After each drawing, zoom, pan or new size: the picture painted again where the part of the view that
  // links can reach has left the one there, or the view needs a fifth more pixels than it has.
  function check(gd) {
    var all = (gd.data || []).filter(function (t) { return t.meta === PICTURED; });
    if (!all.length) { return; }
    var links = shownLinks(gd.data), which = names(links);
    var view = shown(gd);
    if (!view) { return; }
    var im = ((gd.layout && gd.layout.images) || []).filter(function (i) { return i.name === PICTURE; })[0];
    var box = links.length ? bounds(links) : null, reach = box && within(view, box, 0);
    if (!reach && links.length) { return; }
    if (im && im.source === painted.source && which === painted.which && reach) {
      var eps = 1e-9 * (Math.abs(im.sizex) + Math.abs(im.sizey));
      var inside = reach.x[0] >= im.x - eps && reach.x[1] <= im.x + im.sizex + eps &&
                   reach.y[0] >= im.y - im.sizey - eps && reach.y[1] <= im.y + eps;
      if (inside && resolution(view)[0] <= 1.2 * painted.w / im.sizex) { return; }
    }
    if (!links.length && !im) { return; }  // every class switched off, and nothing painted
    var picture = links.length ? paint(links, view, box) : null;
    if (!picture) { painted = {source: null, w: 0, which: which}; }
    window.Plotly.update(gd, {}, {images: withPicture(gd.layout.images, picture && mine(picture, which))});
  }

  var watched = new WeakSet();
  var WATCH_TRIES = 600;  // every 50 ms for 30 s: dcc.Graph makes the plot after it gets its first figure

  function watch() {  // once per plot: check() after plotly draws it
    var tries = 0;
    (function attach() {
      var gd = document.querySelector(GRAPH);
      if (!gd || !gd.on) {
        if (++tries < WATCH_TRIES) { setTimeout(attach, 50); }
        return;
      }
      if (watched.has(gd)) { return; }
      watched.add(gd);
      var pending = null;
      var soon = function () {
        if (pending) { clearTimeout(pending); }
        pending = setTimeout(function () { pending = null; check(gd); }, 40);
      };
      gd.on('plotly_afterplot', soon);
      gd.on('plotly_relayout', soon);
      soon();
    })();
  }

  // The view to the side panels ({query, token} from the view's answer) once `drawn` resolves: when the
  // answer brought a network picture, once plotly has drawn it, the browser has painted two frames and is idle
  // (the panels' requests and answers then do not hold up the picture), else at once; after RELEASE_MS in any
  // case. Only the newest view is passed on, and the same view of the same data only once in a row.
  var RELEASE_MS = 1500, released = {n: 0, last: null};
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };

  // Resolves just after the frame that paints plotly's next drawing of `gd`; after IN_FRAME_MS in any case
  // (a drawing runs at once: a timer cannot come within it).
  var IN_FRAME_MS = 300;
  function inFrame(gd) {
    return new Promise(function (resolve) {
      gd.once('plotly_afterplot', function () {
        requestAnimationFrame(function () { setTimeout(resolve, 0); });
      });
      setTimeout(resolve, IN_FRAME_MS);
    });
  }

  function onScreen(gd) {  // resolves once plotly's next drawing of `gd` is on screen and the page idle
    return new Promise(function (resolve) {
      gd.once('plotly_afterplot', function () {
        requestAnimationFrame(function () {
          requestAnimationFrame(function () { idle(resolve, {timeout: 200}); });
        });
      });
      setTimeout(resolve, RELEASE_MS);
    });
  }

  function release(next, drawn) {
    var n = ++released.n;
    return drawn.then(function () {
      var key = JSON.stringify([next.query, next.token]);
      if (n !== released.n || key === released.last) { return; }  // a newer view, or this one again
      released.last = key;
      window.dash_clientside.set_props(PANELS, {data: next.query});
    });
  }

  // The view (a query string) to the table and matrix tabs, each only while it is the open one ("view").
  function route(query) {
    var dc = window.dash_clientside;
    if (query === null || query === undefined) { return [dc.no_update, dc.no_update]; }
    var view = new URLSearchParams(query).get('view') || 'network';
    return [view === 'table' ? query : dc.no_update, view === 'matrix' ? query : dc.no_update];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.graph_explorer = Object.assign({}, window.dash_clientside.graph_explorer,
                                                        {draw: draw, asking: asking, answered: answered, route: route,
                                                         pictureLinks: pictureLinks, repaint: repaint, forget: forget,
                                                         typedArray: typedArray});
})();
