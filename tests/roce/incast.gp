# The incast of docs/roce.md: per run (columns: DCQCN on, DCQCN off with
# the kernel's socket buffers, DCQCN off with 4 MB buffers), each sender's
# goodput and DCQCN rate (top) and the bottleneck's class 3 backlog
# (bottom, log scale, with Kmin and Kmax).
# gnuplot -e "dir='docs/roce'; out='docs/roce-incast.png'; kmin=12500; kmax=50000" incast.gp
# dir/RUN/SENDER.tsv: t_s, goodput Mbit/s, rate Mbit/s
# dir/RUN/samples.tsv: t_s, model backlog, max, packets, CE, dropped,
#                      HTB backlog (bytes), HTB packets, HTB drops
set terminal pngcairo size 1500,820 font "sans,11"
set output out
set datafile separator "\t"
runs = "on pause drop"
titles = "'DCQCN on (4 MB socket buffers; dashed: DCQCN rate)' 'DCQCN off (kernel socket buffers: pause-like)' 'DCQCN off (4 MB socket buffers: no pause)'"
senders = "h1-1 h1-2 h1-3 h2-2"
set multiplot layout 2,3 margins 0.05,0.99,0.08,0.95 spacing 0.05,0.1
set grid
set xrange [0:8.5]
set key top right font ",9" opaque
do for [i = 1:3] {
	r = word(runs, i)
	set title word(titles, i)
	set ylabel "Mbit/s"
	set yrange [0:110]
	unset xlabel
	if (i == 1) {
		plot for [k = 1:4] sprintf("%s/%s/%s.tsv", dir, r, word(senders, k)) \
			using 1:2 with lines lw 1.5 lc k title word(senders, k) . " goodput", \
		     for [k = 1:4] sprintf("%s/%s/%s.tsv", dir, r, word(senders, k)) \
			using 1:3 with lines dt 2 lc k notitle
	} else {
		plot for [k = 1:4] sprintf("%s/%s/%s.tsv", dir, r, word(senders, k)) \
			using 1:2 with lines lw 1.5 lc k title word(senders, k) . " goodput"
	}
}
do for [i = 1:3] {
	r = word(runs, i)
	unset title
	set ylabel "class 3 backlog (KB)"
	set xlabel "s"
	set logscale y
	set yrange [0.5:3000]
	plot sprintf("%s/%s/samples.tsv", dir, r) using 1:($7 > 0 ? $7 / 1000 : 0.5) \
		with lines lw 1.5 lc rgb "#c03030" title "HTB queue", \
	     sprintf("%s/%s/samples.tsv", dir, r) using 1:($2 > 0 ? $2 / 1000 : 0.5) \
		with lines lw 1 dt 3 lc rgb "#303030" title "model", \
	     kmin / 1000 with lines dt 2 lc rgb "#3070c0" title "Kmin", \
	     kmax / 1000 with lines dt 2 lc rgb "#30a030" title "Kmax"
	unset logscale y
}
unset multiplot
