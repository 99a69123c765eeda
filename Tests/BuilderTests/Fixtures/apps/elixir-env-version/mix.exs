defmodule Hello.MixProject do
  use Mix.Project

  def project do
    [
      app: :hello,
      elixir: "~> 1.15",
      deps: [{:ecto, "~> 3.0"}]
    ]
  end
end
