using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Personalization.Benchmarks;

/// <summary>
/// LightGBM through ML.NET's LightGbm trainer with the issue-20 settings of our booster: 100 trees,
/// learning rate 0.1, max_depth 3 and 8 leaves, min leaf 100, L2 1, 255 bins, two threads.
/// </summary>
internal sealed class LightGbmPeer
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly IDataView _data;

    /// <summary>Gets the rows as ML.NET sees them.</summary>
    public IDataView Data => _data;
    private readonly bool _binary;

    /// <summary>Loads the rows (converted to float32, as LightGBM takes them) into an in-memory data view.</summary>
    public LightGbmPeer(FeatureMatrix<double> x, double[] y, bool binary)
    {
        _binary = binary;
        int n = x.RowCount, d = x.ColumnCount;
        ReadOnlySpan<double> values = x.AsMemory().Span;
        var rows = new Row[n];
        for (int i = 0; i < n; i++)
        {
            var f = new float[d];
            for (int j = 0; j < d; j++)
            {
                f[j] = (float)values[(i * d) + j];
            }

            rows[i] = new Row { Label = (float)y[i], Flag = y[i] > 0.5, Features = f };
        }

        SchemaDefinition schema = SchemaDefinition.Create(typeof(Row));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        _data = _ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Fits LightGBM and returns the fitted transformer (binary: log-loss with sigmoid 1, as ours).</summary>
    public ITransformer Fit(int threads = 2)
    {
        if (_binary)
        {
            var options = new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = "Flag",
                FeatureColumnName = "Features",
                NumberOfIterations = 100,
                LearningRate = 0.1,
                NumberOfLeaves = 8,
                MinimumExampleCountPerLeaf = 100,
                MaximumBinCountPerFeature = 255,
                NumberOfThreads = threads,
                Seed = 1,
                Sigmoid = 1,
                Verbose = false,
                Silent = true,
                Booster = Booster(),
            };
            return _ml.BinaryClassification.Trainers.LightGbm(options).Fit(_data);
        }

        var regression = new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfIterations = 100,
            LearningRate = 0.1,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = 100,
            MaximumBinCountPerFeature = 255,
            NumberOfThreads = threads,
            Seed = 1,
            Verbose = false,
            Silent = true,
            Booster = Booster(),
        };
        return _ml.Regression.Trainers.LightGbm(regression).Fit(_data);
    }

    /// <summary>L2 1, depth 3, LightGBM's own minimum hessian per leaf (ML.NET's default is 0.1).</summary>
    private static GradientBooster.Options Booster() => new()
    {
        L2Regularization = 1,
        MaximumTreeDepth = 3,
        MinimumChildWeight = 1e-3,
    };

    /// <summary>Training R² of the model's predictions (the probability for the binary outcome).</summary>
    public double TrainingRSquared(ITransformer model, double[] y)
    {
        IDataView scored = model.Transform(_data);
        float[] p = scored.GetColumn<float>(_binary ? "Probability" : "Score").ToArray();
        var prediction = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            prediction[i] = p[i];
        }

        return BoostingFitTimes.RSquared(y, prediction);
    }

    private sealed class Row
    {
        public float Label { get; set; }

        public bool Flag { get; set; }

        public float[] Features { get; set; } = [];
    }
}
