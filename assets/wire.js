/* The network picture from its level's frame and a view's wire figure.
 *
 * The server sends, once per level and layout, a frame (every node's id,
 * position and first hover lines, every link as two node numbers) and, for
 * each view, a wire figure: the figure it drew with the arrays that repeat
 * the frame replaced by references into it (graph_explorer/figures/wire.py
 * describes the format). draw() rebuilds the figure for dcc.Graph.
 * No state but the last unpacked frame and the number of the last view released to the panels (this tab's own).
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

  function expand(t, F, table) {
    var out = Object.assign({}, t), i, n;
    if (t.marker && typeof t.marker === 'object') {
      out.marker = Object.assign({}, t.marker);
      ['size', 'opacity', 'symbol', 'color'].forEach(function (p) {
        if (isCoded(out.marker[p])) { out.marker[p] = values(out.marker[p], table); }
      });
    }
    if (t._nodes) {
      var idx = typed(t._nodes);
      n = idx.length;
      var x = new Float64Array(n), y = new Float64Array(n), ids = new Array(n);
      for (i = 0; i < n; i++) { x[i] = F.x[idx[i]]; y[i] = F.y[idx[i]]; ids[i] = F.ids[idx[i]]; }
      out.x = x; out.y = y; out.customdata = ids;
      if (t.hovertext && t.hovertext._heads) {
        var tails = values(t.hovertext, table), hover = new Array(n);
        for (i = 0; i < n; i++) { hover[i] = F.heads[idx[i]] + tails[i]; }
        out.hovertext = hover;
      }
      delete out._nodes;
    }
    if (t._links) {
      var L = links(t._links, F.src.length);
      n = L.length;
      var a = new Int32Array(n), b = new Int32Array(n);
      for (i = 0; i < n; i++) { a[i] = F.src[L[i]]; b[i] = F.dst[L[i]]; }
      // WebGL: chained into trails (a third of the points to draw), as the server draws them; else segments
      var pts = t.type === 'scattergl' ? trailPoints(a, b, F.ids.length) : segmentPoints(n);
      var lx = new Float64Array(pts.length), ly = new Float64Array(pts.length);
      for (i = 0; i < pts.length; i++) {
        var p = pts[i];
        if (p < 0) { lx[i] = NaN; ly[i] = NaN; continue; }
        var node = p < n ? a[p] : b[p - n];
        lx[i] = F.x[node]; ly[i] = F.y[node];
      }
      out.x = lx; out.y = ly;
      delete out._links;
    }
    if (t._mids) {  // the middle of each link, carrying its two ends
      var M = links(t._mids, F.src.length);
      n = M.length;
      var mx = new Float64Array(n), my = new Float64Array(n), ends = new Array(n);
      for (i = 0; i < n; i++) {
        var a = F.src[M[i]], b = F.dst[M[i]];
        mx[i] = (F.x[a] + F.x[b]) / 2; my[i] = (F.y[a] + F.y[b]) / 2;
        ends[i] = [F.ids[a], F.ids[b]];
      }
      out.x = mx; out.y = my; out.customdata = ends;
      delete out._mids;
    }
    return out;
  }

  function draw(wire, frame) {
    var dc = window.dash_clientside;
    if (!wire) { return dc.no_update; }
    if (!wire.frame) { return wire; }  // a figure as drawn
    if (!frame || frame.key !== wire.frame) { return dc.no_update; }  // its frame is on its way
    var F = unpack(frame), table = unfront(wire.table || []);
    var layout = Object.assign({}, wire.layout);
    if (layout._template) { layout.template = F.template; delete layout._template; }
    if (Array.isArray(layout.annotations)) { layout.annotations = unlike(layout.annotations); }
    return {data: unlike(wire.data).map(function (t) { return expand(t, F, table); }), layout: layout};
  }

  // The view to the side panels ({query, wait} from the figure's answer): when the answer brought a network
  // picture, once plotly has drawn it, the browser has painted two frames and is idle (the panels' requests
  // and answers then do not hold up the picture), else at once; after RELEASE_MS in any case. Only the
  // newest view is passed on, and the same view of the same data only once in a row.
  var RELEASE_MS = 1500, released = {n: 0, last: null};
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };

  function release(next) {
    var dc = window.dash_clientside;
    if (!next) { return dc.no_update; }
    var n = ++released.n;
    var gd = document.querySelector('#network-graph .js-plotly-plot');
    var drawn = new Promise(function (resolve) {
      if (!next.wait || !gd || !gd.once) { return resolve(); }
      gd.once('plotly_afterplot', function () {
        requestAnimationFrame(function () {
          requestAnimationFrame(function () { idle(resolve, {timeout: 200}); });
        });
      });
      setTimeout(resolve, RELEASE_MS);
    });
    return drawn.then(function () {
      var key = JSON.stringify([next.query, next.token === undefined ? null : next.token]);
      if (n !== released.n || key === released.last) { return dc.no_update; }  // a newer view, or this one again
      released.last = key;
      return next.query;
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
                                                        {draw: draw, route: route, release: release});
})();
