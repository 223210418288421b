# route_v4 size: per-packet cost and insert rate against the number of routes.
# gnuplot -e "data='scale.tsv'; out='x.svg'" plot-scale.gp
# data columns: entries, ns hot, ns random, batch inserts/s, single inserts/s, bytes/entry
set terminal svg size 900,400 dynamic font "sans,12"
set output out
set datafile separator "\t"
set multiplot layout 1,2
set logscale x
set format x "10^{%L}"
set xlabel "routes in route\\_v4"
set grid
set key top left
set key opaque
set title "per-packet cost, full pipeline"
set ylabel "ns per packet"
set yrange [0:*]
plot data using 1:2 with linespoints lw 2 pt 7 title "one destination (hot)", \
     data using 1:3 with linespoints lw 2 pt 5 title "random route each packet"
set title "insert rate"
set key bottom left
set ylabel "routes per second"
set format y "%.0s%c"
# One route is one syscall's latency, not a rate: from 1000 routes on.
plot data using 1:($1 >= 1000 ? $4 : 1/0) with linespoints lw 2 pt 7 title "BPF\\_MAP\\_UPDATE\\_BATCH", \
     data using 1:($1 >= 1000 ? $5 : 1/0) with linespoints lw 2 pt 5 title "one syscall per route"
unset multiplot
