# Fabric packet rate and CPU cost per packet, per mode: median bars,
# min-max error bars over the rounds.
# gnuplot -e "data='fabric.tsv'; out='x.svg'; kernel='6.x'" plot-fabric.gp
# data columns: name, Mpps median, min, max, CPU ns/pkt median, min, max
set terminal svg size 1100,460 dynamic font "sans,12"
set output out
set datafile separator "\t"
set multiplot layout 1,2 title "64-byte UDP, host -> leaf -> spine -> leaf -> host (kernel ".kernel.")" noenhanced
set style data histograms
set style histogram errorbars gap 2 lw 1.5
set style fill solid 0.6 border -1
set boxwidth 0.8
set yrange [0:*]
set grid ytics
set xtics rotate by 25 right
set key off
set title "packet rate (higher is better)"
set ylabel "Mpps received"
plot data using 2:3:4:xtic(1) linecolor rgb "#3b75af", \
     '' using 0:2:(sprintf("%.2f", $2)) with labels offset -0.6,1.2 notitle
set title "CPU time per packet (lower is better)"
set ylabel "ns of CPU per packet delivered"
plot data using 5:6:7:xtic(1) linecolor rgb "#c0504d", \
     '' using 0:5:(sprintf("%.0f", $5)) with labels offset -0.6,1.2 notitle
unset multiplot
