import * as fontkit from 'fontkit';
import fs from 'fs';
let txt = '';
for (const f of fs.readdirSync('/tmp/base_new', {recursive:true})) if (String(f).endsWith('.html')) txt += fs.readFileSync('/tmp/base_new/'+f,'utf8').replace(/<[^>]+>/g,' ');
const words = [...new Set(txt.split(/\s+/).filter(Boolean))];
console.log('unique words', words.length);
for (const file of ['DejaVuSans.ttf','DejaVuSans-Bold.ttf','DejaVuSansCondensed.ttf','DejaVuSansMono.ttf', 'DejaVuSans-Oblique.ttf']) {
const f = fontkit.openSync('node_modules/dejavu-fonts-ttf/ttf/'+file);
const kern = f.kern; 
let diffG=0, diffP=0, ex=[];
for (const w of words) {
  const run = f.layout(w);
  const cps = [...w].map(c=>c.codePointAt(0));
  const gids = cps.map(c=>f.glyphForCodePoint(c).id);
  const same = run.glyphs.length===gids.length && run.glyphs.every((g,i)=>g.id===gids[i]);
  if (!same) { diffG++; if (ex.length<8) ex.push(w+':'+run.glyphs.map(g=>g.id).join(',')+' vs '+gids.join(',')); continue; }
  // positions
  for (let i=0;i<run.positions.length;i++){ const p=run.positions[i]; if (p.xOffset||p.yOffset||p.yAdvance) {diffP++; break;} }
}
console.log(file, 'kern table', !!kern, 'glyph diffs', diffG, 'offset diffs', diffP, ex);
}
