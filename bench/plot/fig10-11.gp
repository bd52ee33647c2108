# Figs. 10-11: TCP throughput with 2 and 4 parallel streams (iperf3 -P, standing in for
# parallel VM pairs), every model, largest write size.
load plotdir.'/common.gp'
set output outdir.'/fig10-11-parallel.png'
set title sprintf("Figs. 10-11: TCP throughput, 2 and 4 parallel streams (iperf3 -P, standing in for VM pairs)\n%s\nno data: %s", \
	env, nodata("fig10-11"))
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.6 border -1
set boxwidth 0.9
set xtics rotate by -30
set ylabel "Mbit/s, sum over streams (mean, min-max over rounds)"
set yrange [0:*]
set key inside right top
have = present("fig10-11", models)
data = wide("fig10-11", have, "2 4")
if (have eq "") { eval EMPTY } else {
	plot data using 2:3:4:xtic(1) title "2 streams", '' using 5:6:7 title "4 streams"
}
