# Fig. 8: TCP throughput vs iperf3 write size, every model.
load plotdir.'/common.gp'
set output outdir.'/fig8-tcp-writesize.png'
set title sprintf("Fig. 8: TCP throughput vs write size (iperf3 -l), 1 stream\n%s\nno data: %s", \
	env, nodata("fig8"))
set logscale x 2
set xlabel "iperf3 write size (bytes)"
set ylabel "Mbit/s (mean, min-max over rounds)"
set yrange [0:*]
have = present("fig8", models)
if (have eq "") { eval EMPTY } else {
	plot for [m in have] long("fig8", m) using 1:2:3:4:xtic(1) with yerrorlines \
		lt idx(m) pt idx(m) title label(m)
}
