namespace CloudStatus.Bench.Scale;

/// <summary>What the scale run measured.</summary>
internal sealed record ScaleResult
{
    public required ScaleSpec Spec { get; init; }

    /// <summary>Managed heap growth per producer with every server's pipeline alive (GC.GetTotalMemory after full collections).</summary>
    public required double BytesPerProducer { get; init; }

    /// <summary>The same from GC.GetGCMemoryInfo().HeapSizeBytes.</summary>
    public required double HeapInfoBytesPerProducer { get; init; }

    /// <summary>
    /// Per producer, measured on a sample of servers through the public pipeline: what the status heap adds once every
    /// producer is written (it shares the id and state bytes with the buffer), and the pipeline with every producer
    /// posted but nothing written (the observation buffer, with the id and state bytes).
    /// </summary>
    public required double StatusHeapBytesPerProducer { get; init; }
    public required double BufferBytesPerProducer { get; init; }

    /// <summary>Per producer, on the same sample: what the uplink adds once every record is sent and acknowledged (its delta baselines).</summary>
    public required double UplinkBytesPerProducer { get; init; }

    /// <summary>Per producer, the id and state as the edge keeps them: UTF-8, shared by buffer and heap.</summary>
    public required double StringBytesPerProducer { get; init; }

    public required TimeSpan PopulateTime { get; init; }
    public required TimeSpan SteadyRoundTime { get; init; }

    /// <summary>Sum over threads of the time spent in Post during the steady round (for a per-core rate).</summary>
    public required TimeSpan SteadyPostCpuTime { get; init; }

    public required TimeSpan ChangeRoundTime { get; init; }
    public required long ChangedRecords { get; init; }
    public required long Messages { get; init; }
    public required long Bytes { get; init; }
    public required long ChangeMessages { get; init; }
    public required long ChangeBytes { get; init; }
    public required TimeSpan WallTime { get; init; }

    /// <summary>CPU time of the whole process (all threads, GC included) over the run and over each phase: on a machine shared with other work, wall time overstates the cost.</summary>
    public required TimeSpan CpuTime { get; init; }
    public required TimeSpan PopulateCpuTime { get; init; }
    public required TimeSpan SteadyCpuTime { get; init; }
    public required TimeSpan ChangeCpuTime { get; init; }
    public required int GcCollections { get; init; }

    public double SteadyObservationsPerSecond => Spec.TotalProducers / SteadyRoundTime.TotalSeconds;

    public double SteadyObservationsPerSecondPerCore => Spec.TotalProducers / SteadyPostCpuTime.TotalSeconds;

    public double SteadyObservationsPerCpuSecond => Spec.TotalProducers / SteadyCpuTime.TotalSeconds;
}
