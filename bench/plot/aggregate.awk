# Means over rounds, with min and max, from bench.csv (figure,model,param,round,value,...).
# Rows whose value is not a number ("failed", "n/a") are left out.
#   long mode:  awk -v fig=fig8 -v model=vxlan -f aggregate.awk bench.csv
#               -> "param mean min max" per param, in the order the CSV first shows them
#   wide mode:  awk -v fig=fig9 -v models="vxlan sclp-vxlan" -v params="gro-on gro-off" ...
#               -> per model: "label mean min max" for each param (NaN when missing)
BEGIN { FS = "," }
NR == 1 || $1 != fig || $5 !~ /^-?[0-9.]+$/ { next }
{
	k = $2 SUBSEP $3
	if (!(k in n)) {
		n[k] = 0; lo[k] = $5; hi[k] = $5
		if ($2 == model) order[++np] = $3
	}
	n[k]++; sum[k] += $5
	if ($5 < lo[k]) lo[k] = $5
	if ($5 > hi[k]) hi[k] = $5
}
function stats(k) {
	return (k in n) ? sprintf("%g %g %g", sum[k] / n[k], lo[k], hi[k]) : "NaN NaN NaN"
}
END {
	if (models == "") {
		for (i = 1; i <= np; i++)
			print order[i], stats(model SUBSEP order[i])
		exit
	}
	nm = split(models, m, " ")
	npar = split(params, p, " ")
	for (i = 1; i <= nm; i++) {
		line = "\"" label(m[i]) "\""
		for (j = 1; j <= npar; j++)
			line = line " " stats(m[i] SUBSEP p[j])
		print line
	}
}
function label(id) {
	return id == "noencap" ? "No-Encap" : id == "noencap-tso" ? "No-Encap TSO" : \
	       id == "vxlan" ? "VXLAN" : id == "sclp-vxlan" ? "VXLAN/SCLP" : \
	       id == "sclp-geneve" ? "Geneve/SCLP" : id == "nvgre" ? "NVGRE" : \
	       id == "geneve" ? "Geneve" : id == "stt" ? "STT" : \
	       id == "ovs-vxlan" ? "OVS VXLAN" : id == "kernel-vxlan" ? "Linux vxlan" : id
}
