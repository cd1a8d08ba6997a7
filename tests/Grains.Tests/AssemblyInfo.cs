// Collections (the shared grain cluster, the SendGrid cluster, the restart test) run side by side;
// two at a time suits the 2-core machine these run on.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
