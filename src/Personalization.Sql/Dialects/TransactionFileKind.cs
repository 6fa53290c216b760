namespace Personalization.Sql;

/// <summary>How transaction files are stored.</summary>
public enum TransactionFileKind
{
    /// <summary>Comma-separated text with a header row (<c>.csv</c>, or <c>.csv.gz</c> decompressed by the engine).</summary>
    Csv = 0,

    /// <summary>Apache Parquet (<c>.parquet</c>, one file, a folder or a glob of partitions).</summary>
    Parquet = 1,
}
