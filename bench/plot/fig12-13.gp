# Figs. 12-13: UDP throughput received and loss vs datagram size at a fixed offered rate.
load plotdir.'/common.gp'
set output outdir.'/fig12-13-udp.png'
set terminal pngcairo size 1100,900 font "sans,11" noenhanced
set multiplot layout 2,1 title sprintf("Figs. 12-13: UDP (iperf3 -u -b, fixed offered rate)\n%s\nno data: %s", \
	env, nodata("fig12"))
set logscale x 2
set xlabel "datagram size (bytes)"
set yrange [0:*]
have = present("fig12", models)
set title "Fig. 12: throughput received"
set ylabel "Mbit/s (mean, min-max)"
if (have eq "") { eval EMPTY } else {
	plot for [m in have] long("fig12", m) using 1:2:3:4:xtic(1) with yerrorlines \
		lt idx(m) pt idx(m) title label(m)
}
set title "Fig. 13: loss"
set ylabel "lost datagrams % (mean, min-max)"
if (have eq "") { eval EMPTY } else {
	plot for [m in have] long("fig13", m) using 1:2:3:4:xtic(1) with yerrorlines \
		lt idx(m) pt idx(m) title label(m)
}
unset multiplot
