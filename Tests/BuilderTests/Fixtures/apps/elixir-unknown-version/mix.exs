defmodule Hello.MixProject do
  use Mix.Project

  def project do
    [
      app: :hello,
      elixir: "~> 1.18",
      deps: []
    ]
  end
end
