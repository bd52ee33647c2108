# Fig. 9: VXLAN-over-SCLP vs VXLAN (and Linux's vxlan) with GRO on and off on the receiving
# host's uplink and tenant NIC, largest write size.
load plotdir.'/common.gp'
set output outdir.'/fig9-gro.png'
set title sprintf("Fig. 9: TCP throughput with receive GRO on/off (host 2 uplink + tenant veth)\n%s\nno data: %s", \
	env, nodata("fig9"))
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.6 border -1
set boxwidth 0.9
set ylabel "Mbit/s (mean, min-max over rounds)"
set yrange [0:*]
set key inside right top
have = present("fig9", "vxlan sclp-vxlan kernel-vxlan")
data = wide("fig9", "vxlan sclp-vxlan kernel-vxlan", "gro-on gro-off")
if (have eq "") { eval EMPTY } else {
	plot data using 2:3:4:xtic(1) title "GRO on", '' using 5:6:7 title "GRO off"
}
