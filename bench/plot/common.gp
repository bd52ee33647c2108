# Shared by fig*.gp. Called by tools/testbed/bench.sh as
#   gnuplot -e "csv='DIR/bench.csv'; outdir='DIR'; env='kernel ..., TCG'; plotdir='bench/plot'" F.gp
# Values are means over rounds with min/max error bars (aggregate.awk drops failed and n/a).
if (!exists("csv")) csv = 'bench.csv'
if (!exists("outdir")) outdir = '.'
if (!exists("env")) env = 'environment unknown'
if (!exists("plotdir")) plotdir = '.'
set terminal pngcairo size 1100,650 font "sans,11" noenhanced
set datafile missing "NaN"
set grid ytics
set key outside right top
models = " noencap noencap-tso vxlan sclp-vxlan sclp-geneve nvgre geneve stt ovs-vxlan kernel-vxlan "
# One colour and point type per model in every figure.
idx(m) = words(models[1:strstrt(models, ' '.m.' ')]) + 1
label(m) = m eq "noencap" ? "No-Encap" : m eq "noencap-tso" ? "No-Encap (TSO on)" : \
	m eq "vxlan" ? "VXLAN (cvsw)" : m eq "sclp-vxlan" ? "VXLAN-over-SCLP (cvsw)" : \
	m eq "sclp-geneve" ? "Geneve-over-SCLP (cvsw)" : m eq "nvgre" ? "NVGRE (cvsw)" : \
	m eq "geneve" ? "Geneve (cvsw)" : m eq "stt" ? "STT (cvsw)" : \
	m eq "ovs-vxlan" ? "VXLAN (host OVS)" : m eq "kernel-vxlan" ? "Linux vxlan (tenant)" : m
# "param mean min max" of one model in one figure.
long(fig, m) = sprintf("< awk -v fig=%s -v model=%s -f %s/aggregate.awk '%s'", fig, m, plotdir, csv)
# Per model: "label mean min max" for each of params.
wide(fig, ms, params) = sprintf("< awk -v fig=%s -v models='%s' -v params='%s' -f %s/aggregate.awk '%s'", \
	fig, ms, params, plotdir, csv)
# Models of the list with at least one number in fig, in the list's order: the others are left
# out of the plot and named in its title with their status.
present(fig, ms) = system(sprintf("awk -F, -v ms='%s' '$1 == \"%s\" && $5 ~ /^[0-9.]+$/ { s[$2] } END { n = split(ms, m, \" \"); for (i = 1; i <= n; i++) if (m[i] in s) printf \"%%s \", m[i] }' '%s'", ms, fig, csv))
missing(fig) = system(sprintf("awk -F, '$1 == \"%s\" && $5 !~ /^[0-9.]+$/ { s[$2] = $5 } $1 == \"%s\" && $5 ~ /^[0-9.]+$/ { ok[$2] } END { for (m in s) if (!(m in ok)) l[s[m]] = l[s[m]] \" \" m; for (k in l) printf \"%%s:%%s  \", k, l[k] }' '%s'", fig, fig, csv))
nodata(fig) = (nd_s = missing(fig), nd_s eq "" ? "none" : nd_s)
set offsets graph 0.03, graph 0.03, 0, 0
# Ten models, ten distinct colours (the default cycle has eight).
set linetype 9 lc rgb "#8b4513" lw 1 pt 9
set linetype 10 lc rgb "#000000" lw 1 pt 10
# A figure without a single number still gets its PNG: a blank frame saying so.
EMPTY = "set xrange [0:1]; set yrange [0:1]; unset logscale; unset xtics; unset ytics; " . \
	"set label 1 'no data: every model failed or is n/a' at graph 0.5, 0.5 center; " . \
	"plot NaN notitle"
