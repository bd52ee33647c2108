# Figs. 12-13: UDP throughput received and loss vs datagram size at a fixed offered rate, two
# series side by side: "frag" (fig12/fig13: every model at its device MTU, cvsw0 1450, so
# datagrams above it are IP fragments inside the tunnel) and "mtu" (fig12-mtu/fig13-mtu: each
# model at the largest inner MTU its tunnel carries whole; the key names each model's MTU
# from the CSV's mtu column). A point that received nothing is "failed" in Fig. 12 (not
# drawn, named in the title) and 100 % loss in Fig. 13.
load plotdir.'/common.gp'
set output outdir.'/fig12-13-udp.png'
set terminal pngcairo size 1700,1050 font "sans,10" noenhanced
# The MTU the CSV records for model m in figure fig ("" for CSVs without an mtu column).
mtu_of(fig, m) = system(sprintf("awk -F, '$1 == \"%s\" && $2 == \"%s\" && $9 ~ /^[0-9]+$/ { print $9; exit }' '%s'", fig, m, csv))
keylabel(fig, m) = (mu_s = mtu_of(fig, m), mu_s eq "" ? label(m) : sprintf("%s, MTU %s", label(m), mu_s))
# A failed UDP point's fig12 value is "failed"; count them per figure for the title.
nfailed(fig) = system(sprintf("awk -F, '$1 == \"%s\" && $5 == \"failed\" { n++ } END { print n + 0 }' '%s'", fig, csv))
# An empty panel says why: no row of that figure at all (a CSV from before the mtu series), or
# every model failed or is n/a.
nrows(fig) = system(sprintf("awk -F, '$1 == \"%s\" { n++ } END { print n + 0 }' '%s'", fig, csv))
empty(fig) = "unset logscale; unset xtics; unset ytics; set xrange [0:1]; set yrange [0:1]; " . \
	sprintf("set label 1 '%s' at graph 0.5, 0.5 center; plot NaN notitle", nrows(fig) == 0 ? \
	"no ".fig." rows in this CSV (an older run)" : \
	"no data: every model failed or is n/a")
PANEL = "unset label 1; set xtics; set ytics; set logscale x 2; set autoscale x"
# Fixed margins: the four plot areas line up, each key to the right of its own plot.
margins(col, row) = sprintf("set lmargin at screen %g; set rmargin at screen %g; set tmargin at screen %g; set bmargin at screen %g; set key at screen %g, %g right top samplen 2", \
	col == 0 ? 0.045 : 0.545, col == 0 ? 0.31 : 0.81, row == 0 ? 0.86 : 0.42, row == 0 ? 0.54 : 0.08, \
	col == 0 ? 0.495 : 0.995, row == 0 ? 0.86 : 0.42)
set multiplot title sprintf("Figs. 12-13: UDP (iperf3 -u -b, fixed offered rate); loss = 1 - received/sent datagrams\n%s\nno data: frag series %s; mtu series %s", \
	env, nodata("fig12"), nodata("fig12-mtu"))
do for [col = 0:1] {
	series = col == 0 ? "fig12" : "fig12-mtu"
	f13 = col == 0 ? "fig13" : "fig13-mtu"
	what = col == 0 ? "frag series: every model at its device MTU (inner IP fragments)" : \
		"mtu series: every model at the largest inner MTU its tunnel carries whole"
	have = present(series, models)
	eval margins(col, 0)
	eval PANEL
	set yrange [0:*]
	set ytics autofreq
	set title sprintf("Fig. 12, %s\nthroughput received; %s point(s) received nothing (failed, not drawn)", \
		what, nfailed(series))
	set ylabel "Mbit/s (mean, min-max over rounds)"
	unset xlabel
	if (have eq "") { eval empty(series) } else {
		plot for [m in have] long(series, m) using 1:2:3:4:xtic(1) with yerrorlines \
			lt idx(m) pt idx(m) title keylabel(series, m)
	}
	have = present(f13, models)
	eval margins(col, 1)
	eval PANEL
	set yrange [0:105]
	set ytics 0, 20, 100
	set title sprintf("Fig. 13, %s\nloss", what)
	set ylabel "lost datagrams %, of those sent (mean, min-max)"
	set xlabel "datagram size (bytes)"
	if (have eq "") { eval empty(f13) } else {
		plot for [m in have] long(f13, m) using 1:2:3:4:xtic(1) with yerrorlines \
			lt idx(m) pt idx(m) title keylabel(f13, m)
	}
}
unset multiplot
