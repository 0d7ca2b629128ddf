// Placeholder: the simulator's entry point is being written.
return 0;
