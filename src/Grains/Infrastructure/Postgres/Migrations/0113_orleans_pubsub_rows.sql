-- The events' stream provider uses implicit subscriptions only (SiloHostingExtensions): the stream rendezvous grains'
-- stored states, one per entity that ever published an event, are read by nothing any more.
DELETE FROM OrleansStorage WHERE GrainTypeString = 'PubSubRendezvousGrain';
